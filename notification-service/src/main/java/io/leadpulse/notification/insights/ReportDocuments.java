package io.leadpulse.notification.insights;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.FontFactory;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;
import org.springframework.stereotype.Component;

/**
 * The weekly report as plain text, HTML and PDF (OpenPDF), all from the same rows so the three say
 * the same thing. Every value from an org (its company name, a rep's name) is escaped in the HTML.
 */
@Component
class ReportDocuments {

    /** A label and its value, in the order every format shows them. */
    record Row(String label, String value) {}

    String title(WeeklyInsights w) {
        return "Week " + w.week() + " (" + w.from() + " to " + w.to() + ", " + w.timezone() + ")"
                + (w.companyName() == null ? "" : " at " + w.companyName());
    }

    List<Row> figures(WeeklyInsights w) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("New leads", Long.toString(w.newLeads())));
        rows.add(new Row("Leads contacted", Long.toString(w.contacted())));
        rows.add(new Row("Replies", Long.toString(w.replies())));
        rows.add(new Row("Hot leads", Long.toString(w.hotLeads())));
        rows.add(new Row("Conversions (won or paid)", Long.toString(w.conversions())));
        rows.add(new Row(
                "Revenue (payments minus refunds)",
                w.revenue().isEmpty()
                        ? "0"
                        : String.join(
                                ", ",
                                w.revenue().stream()
                                        .map(m -> money(m.netMinor(), m.currency()))
                                        .toList())));
        WeeklyInsights.Rep best = w.bestRep();
        rows.add(new Row(
                "Best rep",
                best == null
                        ? "nobody yet"
                        : (best.name() == null ? best.userId().toString() : best.name()) + ": " + best.conversions()
                                + " won, " + best.replies() + " replies"));
        return rows;
    }

    List<Row> targets(WeeklyInsights w) {
        List<Row> rows = new ArrayList<>();
        for (WeeklyInsights.Target t : w.targets()) {
            String actual = t.actual() == null ? "n/a (several currencies)" : Long.toString(t.actual());
            rows.add(new Row(
                    t.metric(),
                    actual + " of " + t.weeklyTarget() + " a week (" + t.monthlyTarget() + " a month)"
                            + (t.percent() == null ? "" : ": " + t.percent() + "%")));
        }
        return rows;
    }

    String text(WeeklyInsights w) {
        StringBuilder text =
                new StringBuilder("Your LeadPulse week\n").append(title(w)).append("\n\n");
        figures(w)
                .forEach(r ->
                        text.append(r.label()).append(": ").append(r.value()).append('\n'));
        if (!w.targets().isEmpty()) {
            text.append("\nAgainst your monthly targets (pro-rated: x 12 / 52)\n");
            targets(w)
                    .forEach(r -> text.append(r.label())
                            .append(": ")
                            .append(r.value())
                            .append('\n'));
        }
        return text.append("\nThe same report is attached as a PDF.\n").toString();
    }

    String html(WeeklyInsights w) {
        StringBuilder html = new StringBuilder(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your LeadPulse week</title></head>"
                        + "<body style=\"font-family:sans-serif\"><h1>Your LeadPulse week</h1><p>");
        html.append(escape(title(w))).append("</p>");
        table(html, figures(w));
        if (!w.targets().isEmpty()) {
            html.append("<h2>Against your monthly targets (pro-rated: &times; 12 / 52)</h2>");
            table(html, targets(w));
        }
        return html.append("<p>The same report is attached as a PDF.</p></body></html>")
                .toString();
    }

    private static void table(StringBuilder html, List<Row> rows) {
        html.append("<table>");
        for (Row row : rows) {
            html.append("<tr><th align=\"left\">")
                    .append(escape(row.label()))
                    .append("</th><td>")
                    .append(escape(row.value()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    byte[] pdf(WeeklyInsights w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4);
        PdfWriter.getInstance(document, out);
        document.open();
        document.add(new Paragraph("Your LeadPulse week", FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18)));
        document.add(new Paragraph(title(w), FontFactory.getFont(FontFactory.HELVETICA, 11)));
        document.add(new Paragraph(" "));
        document.add(pdfTable(figures(w)));
        if (!w.targets().isEmpty()) {
            document.add(new Paragraph(" "));
            document.add(new Paragraph(
                    "Against your monthly targets (pro-rated: x 12 / 52)",
                    FontFactory.getFont(FontFactory.HELVETICA_BOLD, 13)));
            document.add(pdfTable(targets(w)));
        }
        document.close();
        return out.toByteArray();
    }

    private static PdfPTable pdfTable(List<Row> rows) {
        PdfPTable table = new PdfPTable(new float[] {2, 3});
        table.setWidthPercentage(100);
        Font label = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
        Font value = FontFactory.getFont(FontFactory.HELVETICA, 11);
        for (Row row : rows) {
            table.addCell(new PdfPCell(new Phrase(row.label(), label)));
            PdfPCell cell = new PdfPCell(new Phrase(row.value(), value));
            cell.setHorizontalAlignment(Element.ALIGN_LEFT);
            table.addCell(cell);
        }
        return table;
    }

    /** For text inside elements and quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String money(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }
}
