import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a realistic leads CSV: names, unique emails, unique valid US phones (in several
 * notations), companies (some quoted, with commas), tags. Rows {@code offset..offset+rows-1} of one
 * numbering, so files of different runs never share an email or a phone.
 *
 * <pre>java GenerateLeads.java out.csv rows offset</pre>
 */
public class GenerateLeads {

    static final String[] FIRST = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Barbara", "Dennis", "Ken", "Radia",
        "Frances", "John", "Mary", "Sophie", "Lucas", "Emma", "Noah", "Olivia", "Liam", "Mia", "Jonas", "Léa", "Zoë",
        "José", "Chloé", "Mateo", "Ana", "Yuki", "Priya", "Omar", "Fatima"};
    static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Liskov", "Ritchie",
        "Thompson", "Perlman", "Allen", "Smith", "Johnson", "Müller", "García", "Martin", "Bernard", "Rossi", "Silva",
        "Nakamura", "Patel", "Haddad", "O'Brien", "Nguyen", "Kowalski", "Jensen"};
    static final String[] COMPANY = {"Acme", "\"Globex, Inc.\"", "Initech", "Umbrella", "Stark Industries",
        "\"Wayne Enterprises, LLC\"", "Hooli", "Pied Piper", "Vandelay Industries", "Soylent", "", "Tyrell Corp"};
    static final String[] TAGS = {"vip", "conference", "webinar", "referral", "cold", "newsletter", "trial"};
    static final int[] AREAS = {212, 312, 415, 617, 646, 718, 917, 305, 404, 503};

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        long offset = args.length > 2 ? Long.parseLong(args[2]) : 0;
        SplittableRandom random = new SplittableRandom(42 + offset);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("First Name,Last Name,Email,Phone,Company,Tags\n");
            StringBuilder line = new StringBuilder(160);
            for (long i = 0; i < rows; i++) {
                long g = offset + i;
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                line.setLength(0);
                line.append(first).append(',');
                line.append(last.contains("'") ? last : last).append(',');
                line.append(ascii(first)).append('.').append(ascii(last)).append('.').append(g)
                        .append(random.nextInt(4) == 0 ? "@Example.COM" : "@example.com").append(',');
                line.append(phone(g, random.nextInt(3))).append(',');
                line.append(COMPANY[random.nextInt(COMPANY.length)]).append(',');
                int tags = random.nextInt(4);
                if (tags > 1) {
                    line.append('"');
                }
                for (int t = 0; t < tags; t++) {
                    if (t > 0) {
                        line.append(", ");
                    }
                    line.append(TAGS[random.nextInt(TAGS.length)]);
                }
                if (tags > 1) {
                    line.append('"');
                }
                line.append('\n');
                w.append(line);
            }
        }
    }

    /** A valid US number, unique per g: area code, exchange 201..299 without 211, line 0000..9999. */
    static String phone(long g, int style) {
        int area = AREAS[(int) (g / 980_000) % AREAS.length];
        int exchangeIndex = (int) ((g / 10_000) % 98);
        int exchange = 201 + exchangeIndex + (exchangeIndex >= 10 ? 1 : 0);
        int number = (int) (g % 10_000);
        String line = String.format("%04d", number);
        return switch (style) {
            case 0 -> "(" + area + ") " + exchange + "-" + line;
            case 1 -> "+1 " + area + "-" + exchange + "-" + line;
            default -> area + "." + exchange + "." + line;
        };
    }

    static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("'", "")
                .toLowerCase();
    }
}
