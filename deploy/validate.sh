#!/usr/bin/env bash
#
# deploy/validate.sh -- checks deploy/compose and deploy/k8s on this machine: no cluster, no Docker
# engine, no network. Runs in a few seconds; exits non-zero when anything is wrong.
#
#   1. every YAML file under deploy/ and docs/ parses (PyYAML);
#   2. `kubectl kustomize` renders deploy/k8s/overlays/dev and overlays/prod;
#   3. every environment variable given to a service (compose `environment`, Kubernetes `env` and
#      the keys of the ConfigMaps it takes with `envFrom`) is one that service reads: a `${NAME...}`
#      placeholder of its application.yml or of the platform defaults it includes, or the Spring
#      relaxed-binding name of one of its properties (application.yml, platform defaults, a key in
#      its README's settings tables, or an @Value key in its or its platform modules' main code);
#      JAVA_TOOL_OPTIONS is the JVM's;
#   4. the shape of what was rendered: each service has a Deployment (startup, liveness and readiness
#      probes on the actuator health groups, requests and limits, non-root, read-only root file
#      system, scrape annotations on its port), a Service, an HPA and a PDB that select it; the
#      Ingress sends everything to the gateway with WebSocket timeouts; a KafkaTopic for every topic
#      of docs/asyncapi.yaml and every .dlt, all with the partitions and replication the services
#      are told; a CloudNativePG Database and role for every DB_URL; secrets a Deployment needs are
#      generated (dev) or named in docs/deploy/kubernetes.md (prod);
#   5. compose: the services, their ports, healthchecks and depends_on conditions, what is
#      published, every ${VAR} with neither default nor entry in .env.example, the databases, the
#      scrape targets (and `promtool check config` when promtool is installed); image names and
#      tags match the Maven build (profile "images").
#
# Needs python3 with PyYAML and kubectl (its built-in kustomize); both are on the project's
# machines. Usage: deploy/validate.sh   (from anywhere)

set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

die() { printf 'deploy/validate.sh: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 || die "python3 is needed"
python3 -c 'import yaml' 2>/dev/null || die "PyYAML is needed (Debian: apt-get install python3-yaml)"
command -v kubectl >/dev/null 2>&1 || die "kubectl is needed for its kustomize (it renders the overlays)"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for overlay in dev prod; do
  if ! kubectl kustomize "$ROOT_DIR/deploy/k8s/overlays/$overlay" >"$WORK/$overlay.yaml" 2>"$WORK/$overlay.err"; then
    cat "$WORK/$overlay.err" >&2
    die "kubectl kustomize deploy/k8s/overlays/$overlay failed"
  fi
done

# Prometheus's own check of compose's scrape configuration, when promtool is installed (Debian's
# prometheus package, which the alert-rule tests use too).
if command -v promtool >/dev/null 2>&1; then
  if promtool check config --syntax-only "$ROOT_DIR/deploy/compose/prometheus.yml" >"$WORK/promtool.out" 2>&1; then
    echo ok >"$WORK/promtool.status"
  else
    echo failed >"$WORK/promtool.status"
  fi
else
  echo skipped >"$WORK/promtool.status"
fi

exec python3 - "$ROOT_DIR" "$WORK" "$(kubectl version --client 2>/dev/null | tr '\n' ' ')" <<'PYTHON'
import os
import re
import sys

import yaml

root, work, kubectl_version = sys.argv[1], sys.argv[2], sys.argv[3].strip()
SERVICES = ["gateway-service", "lead-service", "messaging-service", "billing-service",
            "enrichment-service", "notification-service", "realtime-service"]
JVM_VARIABLES = {"JAVA_TOOL_OPTIONS"}   # read by the JVM itself, not by Spring

passed = 0
failures = []


def check(ok, what, detail=""):
    global passed
    if ok:
        passed += 1
        print(f"  ok    {what}")
    else:
        failures.append(f"{what}: {detail}" if detail else what)
        print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))


def rel(path):
    return os.path.relpath(path, root)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# --- 1. every YAML file parses --------------------------------------------------------------------
print("YAML files (PyYAML " + yaml.__version__ + ")")
yaml_files = []
for top in ("deploy", "docs"):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        dirnames[:] = [d for d in dirnames if d not in ("node_modules", "target", ".git")]
        yaml_files += [os.path.join(dirpath, f) for f in filenames if f.endswith((".yaml", ".yml"))]
yaml_files += [os.path.join(root, s, "src/main/resources/application.yml") for s in SERVICES]
bad = []
for path in sorted(yaml_files):
    try:
        list(yaml.safe_load_all(read(path)))
    except Exception as e:  # noqa: BLE001 - any parse error is a failure to report
        bad.append(f"{rel(path)}: {str(e).splitlines()[0]}")
check(not bad, f"{len(yaml_files)} YAML files under deploy/, docs/ and the services parse", "; ".join(bad))

# --- what each service reads ----------------------------------------------------------------------
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)[:}]")


def flatten(node, prefix=""):
    """Property keys of a YAML tree (lists of scalars end the key, lists of maps are indexed)."""
    keys = []
    if isinstance(node, dict):
        for k, v in node.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            keys.append(key)
            keys += flatten(v, key)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, dict):
                keys += flatten(v, f"{prefix}[{i}]")
    return keys


def env_names_of(prop):
    """Spring Boot's environment-variable forms of a property name (dashes removed, or legacy _)."""
    p = re.sub(r"\[(\d+)\]", r"_\1", prop)
    return {p.replace(".", "_").replace("-", "").upper(), p.replace(".", "_").replace("-", "_").upper()}


README_KEY = re.compile(r"`([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)`")


def readme_keys(path):
    keys = set()
    for line in read(path).splitlines():
        if line.startswith("|"):
            keys.update(README_KEY.findall(line))
    return keys


VALUE_KEY = re.compile(r'@Value\("\$\{([a-z][a-z0-9.-]*[a-z0-9])[:}]')


def value_keys(directory):
    """Properties read with @Value("${key:default}") in the main Java sources under a directory."""
    keys = set()
    for dirpath, _, filenames in os.walk(directory):
        if "/src/main/java" not in dirpath:
            continue
        for f in filenames:
            if f.endswith(".java"):
                keys.update(VALUE_KEY.findall(read(os.path.join(dirpath, f))))
    return keys


platform_sources = {
    "platform-eventing": [os.path.join(root, "platform/eventing"), os.path.join(root, "platform/events")],
    "platform-web": [os.path.join(root, "platform/web")],
    "platform-events": [os.path.join(root, "platform/events")],
}
platform_defaults = {
    "platform-eventing": os.path.join(root, "platform/eventing/src/main/resources/META-INF/leadpulse-defaults/eventing.properties"),
    "platform-web": os.path.join(root, "platform/web/src/main/resources/META-INF/leadpulse-defaults/web.properties"),
}
reads = {}        # service -> set of environment variable names it reads
service_port = {}
for service in SERVICES:
    yml_path = os.path.join(root, service, "src/main/resources/application.yml")
    text = read(yml_path)
    names = set(PLACEHOLDER.findall(text))
    props = set(flatten(yaml.safe_load(text) or {})) | value_keys(os.path.join(root, service))
    pom = read(os.path.join(root, service, "pom.xml"))
    for module, directories in platform_sources.items():
        if f"<artifactId>{module}</artifactId>" in pom:
            for directory in directories:
                props |= value_keys(directory)
    readmes = [os.path.join(root, service, "README.md")]
    for module, path in platform_defaults.items():
        if f"<artifactId>{module}</artifactId>" in pom:
            defaults = read(path)
            names |= set(PLACEHOLDER.findall(defaults))
            props |= {line.split("=", 1)[0].strip() for line in defaults.splitlines()
                      if "=" in line and not line.lstrip().startswith("#")}
            readmes.append(os.path.join(root, "platform/README.md"))
    for readme in readmes:
        props |= readme_keys(readme)
    for prop in props:
        names |= env_names_of(prop)
    reads[service] = names | JVM_VARIABLES
    port = re.search(r"port:\s*\$\{PORT:(\d+)\}", text)
    service_port[service] = int(port.group(1)) if port else None


def check_env(source, service, variables):
    unknown = sorted(v for v in variables if v not in reads[service])
    check(not unknown, f"{source}: the {len(variables)} variables given to {service} are ones it reads",
          "not read by the service: " + ", ".join(unknown))


# --- 2-4. Kubernetes ------------------------------------------------------------------------------
project_version = re.search(r"<artifactId>leadpulse-parent</artifactId>\s*<version>([^<]+)</version>",
                            read(os.path.join(root, "pom.xml"))).group(1)
asyncapi = yaml.safe_load(read(os.path.join(root, "docs/asyncapi.yaml")))
topics_java = read(os.path.join(root, "platform/events/src/main/java/io/leadpulse/platform/events/Topics.java"))
service_topics = set(re.findall(r'String [A-Z_]+ = "([a-z.]+)";', topics_java)) - {".dlt"}
expected_topics = {c["address"] for c in asyncapi["channels"].values()} | {t + ".dlt" for t in service_topics}
k8s_doc_path = os.path.join(root, "docs/deploy/kubernetes.md")
k8s_doc = read(k8s_doc_path) if os.path.exists(k8s_doc_path) else ""

for overlay in ("dev", "prod"):
    print(f"Kubernetes: deploy/k8s/overlays/{overlay} rendered by kubectl kustomize ({kubectl_version})")
    docs = [d for d in yaml.safe_load_all(read(os.path.join(work, overlay + ".yaml"))) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    configmaps = by_kind.get("ConfigMap", {})
    secrets = by_kind.get("Secret", {})
    check(True, f"{len(docs)} resources rendered: " + ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items())))

    missing_secrets = set()
    kafka_clients = {}
    for service in SERVICES:
        dep = by_kind.get("Deployment", {}).get(service)
        if dep is None:
            check(False, f"{service}: Deployment exists")
            continue
        pod = dep["spec"]["template"]
        container = pod["spec"]["containers"][0]
        labels = pod["metadata"].get("labels", {})
        # environment: explicit env plus the keys of every ConfigMap/Secret taken with envFrom
        variables = {e["name"] for e in container.get("env", [])}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                cm = configmaps.get(source["configMapRef"]["name"])
                if cm is None:
                    check(False, f"{service}: ConfigMap {source['configMapRef']['name']} is rendered")
                    continue
                variables |= set(cm.get("data", {}))
                if cm["metadata"]["name"].startswith("leadpulse-kafka-clients"):
                    kafka_clients = cm["data"]
            if "secretRef" in source:
                check(False, f"{service}: no envFrom secretRef (its keys could not be checked)")
        check_env(f"k8s/{overlay}", service, variables)
        for e in container.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and ref["name"] not in secrets and not ref.get("optional"):
                missing_secrets.add(ref["name"])
        for volume in pod["spec"].get("volumes", []):
            sec = volume.get("secret")
            if sec and sec["secretName"] not in secrets and not sec.get("optional"):
                missing_secrets.add(sec["secretName"])
        # image, port, probes, resources, security, scrape annotations
        check(container["image"].split("/")[-1] == f"{service}:{project_version}",
              f"{service}: image tag is the Maven version", container["image"])
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        check(ports.get("http") == service_port[service], f"{service}: container port http = {service_port[service]} (its PORT default)", str(ports))
        probes = {k: container.get(k, {}).get("httpGet", {}).get("path") for k in ("startupProbe", "livenessProbe", "readinessProbe")}
        check(probes == {"startupProbe": "/actuator/health/liveness", "livenessProbe": "/actuator/health/liveness",
                         "readinessProbe": "/actuator/health/readiness"}, f"{service}: startup, liveness and readiness probes on the health groups", str(probes))
        res = container.get("resources", {})
        check(all(k in res.get("requests", {}) for k in ("cpu", "memory")) and "memory" in res.get("limits", {}),
              f"{service}: cpu/memory requests and a memory limit", str(res))
        sc, psc = container.get("securityContext", {}), pod["spec"].get("securityContext", {})
        check(psc.get("runAsNonRoot") is True and sc.get("readOnlyRootFilesystem") is True
              and sc.get("allowPrivilegeEscalation") is False, f"{service}: non-root, read-only root file system, no privilege escalation")
        ann = pod["metadata"].get("annotations", {})
        check(ann.get("prometheus.io/scrape") == "true" and ann.get("prometheus.io/port") == str(service_port[service])
              and ann.get("prometheus.io/path") == "/actuator/prometheus", f"{service}: Prometheus scrape annotations")
        selector = dep["spec"]["selector"]["matchLabels"]
        svc = by_kind.get("Service", {}).get(service)
        check(svc is not None and svc["spec"]["selector"].items() <= labels.items()
              and any(p.get("targetPort") == "http" for p in svc["spec"]["ports"]), f"{service}: Service selects its pods, port http")
        hpa = by_kind.get("HorizontalPodAutoscaler", {}).get(service)
        check(hpa is not None and hpa["spec"]["scaleTargetRef"]["name"] == service
              and 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"], f"{service}: HorizontalPodAutoscaler targets it")
        pdb = by_kind.get("PodDisruptionBudget", {}).get(service)
        check(pdb is not None and pdb["spec"]["selector"]["matchLabels"] == selector, f"{service}: PodDisruptionBudget selects it")

    ingress = by_kind.get("Ingress", {}).get("leadpulse", {})
    backends = {p["backend"]["service"]["name"] for r in ingress.get("spec", {}).get("rules", []) for p in r["http"]["paths"]}
    ann = ingress.get("metadata", {}).get("annotations", {})
    check(backends == {"gateway-service"} and int(ann.get("nginx.ingress.kubernetes.io/proxy-read-timeout", 0)) >= 3600
          and int(ann.get("nginx.ingress.kubernetes.io/proxy-send-timeout", 0)) >= 3600,
          "Ingress: everything to gateway-service, WebSocket read/send timeouts >= 1 h", f"{backends} {ann}")

    # Kafka: topics, partitions, replication, and what the services are told
    kafka = next(iter(by_kind.get("Kafka", {}).values()), None)
    cluster_name = kafka["metadata"]["name"] if kafka else None
    topics = {t["spec"].get("topicName", t["metadata"]["name"]): t for t in by_kind.get("KafkaTopic", {}).values()}
    check(expected_topics <= set(topics), f"KafkaTopic for each of the {len(expected_topics)} topics of docs/asyncapi.yaml and Topics.java (+ .dlt)",
          "missing: " + ", ".join(sorted(expected_topics - set(topics))))
    check(all(t["metadata"]["labels"].get("strimzi.io/cluster") == cluster_name for t in topics.values()),
          f"every KafkaTopic belongs to Kafka {cluster_name}")
    partitions = {t["spec"]["partitions"] for t in topics.values()}
    realtime_cm = next((cm["data"] for n, cm in configmaps.items() if n.startswith("realtime-service")), {})
    wanted = {int(kafka_clients.get("LEADPULSE_KAFKA_PARTITIONS", -1)), int(realtime_cm.get("REALTIME_PARTITIONS", -1))}
    check(len(partitions) == 1 and partitions == wanted,
          "one partition count for every topic = LEADPULSE_KAFKA_PARTITIONS = REALTIME_PARTITIONS", f"topics {partitions}, services {wanted}")
    replicas = {t["spec"]["replicas"] for t in topics.values()}
    pools = by_kind.get("KafkaNodePool", {}).values()
    brokers = sum(p["spec"]["replicas"] for p in pools if "broker" in p["spec"]["roles"])
    check(replicas == {int(kafka_clients.get("LEADPULSE_KAFKA_REPLICATIONFACTOR", -1))} and max(replicas) <= brokers,
          f"topic replicas {replicas} = LEADPULSE_KAFKA_REPLICATIONFACTOR, no more than the {brokers} broker(s)")
    boot = {kafka_clients.get("KAFKA_BOOTSTRAP_SERVERS"), realtime_cm.get("KAFKA_BOOTSTRAP_SERVERS")}
    check(boot == {f"{cluster_name}-kafka-bootstrap:9092"}, "services bootstrap from the Strimzi plain listener", str(boot))

    # PostgreSQL: every DB_URL has a Database, owned by the role whose secret the service uses
    pg = next(iter(by_kind.get("Cluster", {}).values()), None)
    roles = {r["name"]: r.get("passwordSecret", {}).get("name") for r in (pg or {}).get("spec", {}).get("managed", {}).get("roles", [])}
    databases = {d["spec"]["name"]: d for d in by_kind.get("Database", {}).values()}
    for service in SERVICES:
        cm = next((c["data"] for n, c in configmaps.items() if n.startswith(service + "-") or n == service), {})
        url = cm.get("DB_URL")
        if not url:
            continue
        m = re.match(r"jdbc:postgresql://([^:/]+):\d+/(\w+)", url)
        host, db = m.group(1), m.group(2)
        user_secret = next((e["valueFrom"]["secretKeyRef"]["name"] for e in by_kind["Deployment"][service]["spec"]["template"]["spec"]["containers"][0].get("env", [])
                            if e["name"] == "DB_USER"), None)
        d = databases.get(db)
        check(host == f"{pg['metadata']['name']}-rw" and d is not None and d["spec"]["cluster"]["name"] == pg["metadata"]["name"]
              and roles.get(d["spec"]["owner"]) == user_secret,
              f"{service}: database {db} on {host}, owned by a managed role whose secret ({user_secret}) the service logs in with")

    if overlay == "dev":
        check(not missing_secrets, "dev: every secret a Deployment needs is generated", ", ".join(sorted(missing_secrets)))
    else:
        undocumented = sorted(s for s in missing_secrets | set(roles.values()) if s not in secrets and s not in k8s_doc)
        check(not undocumented, f"prod: the {len(missing_secrets | set(roles.values()))} secrets to create are named in docs/deploy/kubernetes.md",
              "not in the doc: " + ", ".join(undocumented))

# --- 5. compose -------------------------------------------------------------------------------------
compose_dir = os.path.join(root, "deploy/compose")
print("Docker Compose: deploy/compose/compose.yaml")
compose_text = read(os.path.join(compose_dir, "compose.yaml"))
compose = yaml.safe_load(compose_text)
services = compose["services"]
check(set(SERVICES) | {"kafka", "postgres", "prometheus", "grafana"} == set(services),
      "the seven services, kafka, postgres, prometheus and grafana", str(sorted(services)))
for name, svc in services.items():
    for port in svc.get("ports", []):
        allowed = name == "gateway-service" or (name in ("prometheus", "grafana") and str(port).startswith("127.0.0.1:"))
        check(allowed, f"{name}: publishes {port} (only the gateway, and Prometheus/Grafana on loopback)")
databases_sql = set(re.findall(r"create database (\w+)", read(os.path.join(compose_dir, "postgres/create-databases.sql"))))
for service in SERVICES:
    svc = services.get(service, {})
    env = svc.get("environment", {})
    check(isinstance(env, dict), f"{service}: environment is a map")
    check_env("compose", service, set(env))
    check(str(env.get("PORT")) == str(service_port[service]), f"{service}: PORT {service_port[service]}", str(env.get("PORT")))
    image = svc.get("image", "")
    check(image.endswith(f"/{service}:${{LEADPULSE_VERSION:-{project_version}}}") and image.startswith("${LEADPULSE_IMAGE_PREFIX:-leadpulse}"),
          f"{service}: image leadpulse/{service}:{project_version} (overridable)", image)
    test = " ".join(svc.get("healthcheck", {}).get("test", []))
    check("/actuator/health/readiness" in test and "$$PORT" in test, f"{service}: healthcheck on /actuator/health/readiness")
    deps = svc.get("depends_on", {})
    check(isinstance(deps, dict) and deps and all(d.get("condition") == "service_healthy" for d in deps.values()),
          f"{service}: depends_on with condition service_healthy", str(deps))
    if "DB_URL" in env:
        db = env["DB_URL"].rsplit("/", 1)[-1]
        check(db in databases_sql and "postgres" in deps, f"{service}: database {db} created by postgres/create-databases.sql, waits for postgres")
    if "KAFKA_BOOTSTRAP_SERVERS" in env:
        check("kafka" in deps, f"{service}: waits for kafka")
check(set(services["gateway-service"].get("depends_on", {})) == set(SERVICES) - {"gateway-service"},
      "gateway-service starts after the six other services are healthy")

env_example = read(os.path.join(compose_dir, ".env.example"))
example_vars = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", env_example, re.M))
interpolations = re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(:?[-?][^}]*)?\}", compose_text)
no_default = sorted({v for v, d in interpolations if not d or d.startswith((":?", "?"))} - example_vars)
check(not no_default, f"compose: the {len({v for v, _ in interpolations})} interpolated variables have a default or an .env.example entry", ", ".join(no_default))
unused = sorted(example_vars - {v for v, _ in interpolations})
check(not unused, f"compose: every one of the {len(example_vars)} .env.example entries is used by compose.yaml", ", ".join(unused))

prom = yaml.safe_load(read(os.path.join(compose_dir, "prometheus.yml")))
targets = {t for job in prom["scrape_configs"] for sc in job.get("static_configs", []) for t in sc["targets"]}
wanted_targets = {f"{s}:{service_port[s]}" for s in SERVICES}
check(wanted_targets <= targets, "compose Prometheus scrapes every service on its port", ", ".join(sorted(wanted_targets - targets)))

promtool = read(os.path.join(work, "promtool.status")).strip()
if promtool == "skipped":
    print("  skip  promtool check config deploy/compose/prometheus.yml (promtool not installed)")
else:
    check(promtool == "ok", "promtool check config deploy/compose/prometheus.yml",
          read(os.path.join(work, "promtool.out")).strip().replace("\n", " "))

pom = read(os.path.join(root, "pom.xml"))
check("<id>images</id>" in pom and "jib-maven-plugin" in pom and "<image>${image.prefix}/${project.artifactId}:${project.version}</image>" in pom
      and "<image.prefix>leadpulse</image.prefix>" in pom, "pom.xml: profile images names leadpulse/<artifactId>:<version> (Jib)")

print()
if failures:
    print(f"deploy/validate.sh: {len(failures)} of {passed + len(failures)} checks FAILED:")
    for f in failures:
        print(f"  - {f}")
    sys.exit(1)
print(f"deploy/validate.sh: all {passed} checks passed")
PYTHON
