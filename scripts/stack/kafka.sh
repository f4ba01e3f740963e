#!/usr/bin/env bash
# Local Apache Kafka (KRaft, one node that is both broker and controller) for machines without
# Docker. The jars come from Maven Central through infra/kafka/pom.xml and run on the machine's Java.
#
#   scripts/stack/kafka.sh install | start | stop | status | bootstrap | topics [TopicCommand args]
#
# Environment:
#   UB_DATA_DIR            data folder (default <repo>/.data); the broker lives in $UB_DATA_DIR/kafka
#   KAFKA_PORT             client listener on 127.0.0.1 (default 19092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default 19093)
#   KAFKA_HEAP_OPTS        broker heap (default "-Xmx1g -Xms1g"); KAFKA_JVM_OPTS: extra JVM flags
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer (default 90)
#   KAFKA_TOPICS_FILE      topic list (default infra/kafka/topics.json)
#   FLEET_TOPIC_RETENTION_HOURS  how long the fleet topics keep records (default: topics.json's 168 h, 7 days;
#                          the topics marked "retentionHoursSetting"); set, it is applied to existing topics too
#   JAVA_HOME              optional; otherwise java/javac from PATH
#
# Jars are cached in <repo>/.cache/kafka-libs, shared by every data folder. Topics are declared in
# infra/kafka/topics.json and created (or grown) on every start; the broker never auto-creates them.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=ports.sh
source "$SCRIPT_DIR/ports.sh"

KAFKA_VERSION=4.1.1
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1g -Xms1g}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:-}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
KAFKA_STOP_TIMEOUT=30

INFRA_DIR=$REPO_ROOT/infra/kafka
POM=$INFRA_DIR/pom.xml
TEMPLATE=$INFRA_DIR/server.properties.template
TOPICS_FILE=${KAFKA_TOPICS_FILE:-$INFRA_DIR/topics.json}
CACHE_DIR=$REPO_ROOT/.cache
LIBS_DIR=$CACHE_DIR/kafka-libs
LIBS_MARKER=$LIBS_DIR/.complete
HELPER_ROOT=$CACHE_DIR/kafka-helper

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac

log() { printf '%s\n' "$*" >&2; }
die() { log "kafka: error: $*"; exit 1; }

for port_var in KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_START_TIMEOUT; do
  [[ ${!port_var} =~ ^[0-9]+$ ]] || die "$port_var must be a number, got '${!port_var}'"
done
[[ $KAFKA_PORT != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT are both $KAFKA_PORT"

# The data folder is resolved to an absolute path: the broker's config and the pid checks need one.
resolve_data_dir() {
  local dir=${UB_DATA_DIR:-$REPO_ROOT/.data}
  mkdir -p "$dir"
  DATA_DIR=$(cd "$dir" && pwd)
  KAFKA_DIR=$DATA_DIR/kafka
  LOG_DIRS=$KAFKA_DIR/logs
  PROPS=$KAFKA_DIR/server.properties
  PID_FILE=$KAFKA_DIR/kafka.pid
  LOG_FILE=$KAFKA_DIR/kafka.log
  OUT_FILE=$KAFKA_DIR/kafka.out
  BROKER_LOG4J=$KAFKA_DIR/log4j2.properties
  TOOLS_LOG4J=$KAFKA_DIR/tools-log4j2.properties
  CLUSTER_ID_FILE=$KAFKA_DIR/cluster.id
  mkdir -p "$KAFKA_DIR"
}

# Serialises start/stop/install between concurrent callers (npm start and a test runner, say).
# The lock fd is closed in the broker so it is released when this script exits.
take_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$1"
    flock 9
  fi
}

file_sum() { sha256sum "$1" | cut -c1-16; }

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (need Java 17+; set JAVA_HOME or install openjdk-17-jdk-headless)"
  local version major
  version=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  major=${version%%.*}
  [[ $major == 1 ]] && major=$(cut -d. -f2 <<<"$version")
  [[ $major =~ ^[0-9]+$ && $major -ge 17 ]] || die "Kafka $KAFKA_VERSION needs Java 17+, '$JAVA' is '$version'"
}

# ---------------------------------------------------------------------------------------- install

libs_complete() {
  [[ -f $LIBS_MARKER && $(<"$LIBS_MARKER") == "$KAFKA_VERSION $(file_sum "$POM")" ]]
}

cmd_install() {
  libs_complete && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found; it fetches the Kafka jars from Maven Central (apt-get install maven)"
  mkdir -p "$CACHE_DIR"
  take_lock "$CACHE_DIR/kafka-libs.lock"
  libs_complete && return 0 # another caller finished while we waited for the lock

  local started=$SECONDS tmp
  tmp=$(mktemp -d "$CACHE_DIR/kafka-libs.tmp.XXXXXX")
  log "kafka: fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $LIBS_DIR ..."
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
    tail -n 40 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "mvn could not fetch the Kafka jars (see above)"
  fi
  rm -f "$tmp.log"
  [[ -f $tmp/kafka_2.13-$KAFKA_VERSION.jar && -f $tmp/kafka-tools-$KAFKA_VERSION.jar ]] \
    || { rm -rf "$tmp"; die "mvn finished but kafka_2.13-$KAFKA_VERSION.jar is missing"; }
  chmod 755 "$tmp" # mktemp makes it private
  printf '%s\n' "$KAFKA_VERSION $(file_sum "$POM")" >"$tmp/.complete"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  log "kafka: jars ready ($(find "$LIBS_DIR" -name '*.jar' | wc -l) jars, $((SECONDS - started)) s)"
}

# ------------------------------------------------------------------------------- process helpers

# True when $1 is the pid of a broker started with this data folder's server.properties.
is_our_broker() {
  [[ $1 =~ ^[0-9]+$ && -r /proc/$1/cmdline ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF -- "kafka.Kafka $PROPS "
}

# Prints the pid of this data folder's broker; the pid file first, then a scan of /proc in case
# the pid file was lost.
broker_pid() {
  local pid file
  if [[ -f $PID_FILE ]]; then
    pid=$(<"$PID_FILE")
    if is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  while read -r file; do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    if is_our_broker "$pid"; then
      echo "$pid" >"$PID_FILE"
      echo "$pid"
      return 0
    fi
  done < <(grep -lsaF -- "$PROPS" /proc/[0-9]*/cmdline 2>/dev/null)
  return 1
}

# Port the running broker of this data folder was configured with.
configured_port() {
  sed -n 's#^listeners=PLAINTEXT://127\.0\.0\.1:\([0-9]*\),.*#\1#p' "$PROPS" 2>/dev/null | head -n1
}

show_log_tail() {
  local file
  # The broker dumps ~300 config lines at startup, so the tail alone often misses the cause.
  if [[ -s $LOG_FILE ]] && grep -qE '\] (ERROR|FATAL) ' "$LOG_FILE"; then
    log "---- last errors in $LOG_FILE ----"
    grep -E '\] (ERROR|FATAL) |^Caused by: |^[a-zA-Z.]+(Exception|Error): ' "$LOG_FILE" | tail -n 12 >&2
  fi
  for file in "$LOG_FILE" "$OUT_FILE"; do
    [[ -s $file ]] || continue
    log "---- last lines of $file ----"
    tail -n 30 "$file" >&2
  done
  log "----"
}

# ----------------------------------------------------------------------------------- config files

render_configs() {
  local text
  [[ -f $TEMPLATE ]] || die "missing $TEMPLATE"
  text=$(<"$TEMPLATE")
  # Quoted replacements: bash 5.2 would otherwise expand '&' in a path.
  text=${text//@KAFKA_PORT@/"$KAFKA_PORT"}
  text=${text//@KAFKA_CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}
  text=${text//@KAFKA_LOG_DIRS@/"$LOG_DIRS"}
  printf '%s\n' "$text" >"$PROPS.tmp"
  mv "$PROPS.tmp" "$PROPS"

  # The broker logs to a size-capped rolling file, never to the terminal.
  cat >"$BROKER_LOG4J" <<EOF
status = warn
name = ub-kafka-broker
# Kafka logs its own shutdown; keep the appender open until the JVM exits.
shutdownHook = disable
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $LOG_FILE
appender.file.filePattern = $LOG_FILE.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 4
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = warn
EOF
  write_tools_log4j
}

# Command-line tools and the topic helper: errors only, on stderr.
write_tools_log4j() {
  cat >"$TOOLS_LOG4J" <<'EOF'
status = error
name = ub-kafka-tools
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = error
rootLogger.appenderRef.err.ref = err
EOF
}

run_tool() {
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$LIBS_DIR/*" "$@"
}

# Kafka cluster ids are 16 random bytes in URL-safe base64 without padding (22 chars). One that
# starts with '-' would be read as an option by the storage tool, so draw again.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ ${#id} == 22 && $id != -* ]] && break
  done
  echo "$id"
}

format_storage_if_needed() {
  [[ -f $LOG_DIRS/meta.properties ]] && return 0
  [[ -s $CLUSTER_ID_FILE ]] || new_cluster_id >"$CLUSTER_ID_FILE"
  local cluster_id
  cluster_id=$(<"$CLUSTER_ID_FILE")
  log "kafka: formatting storage in $LOG_DIRS (cluster id $cluster_id)"
  mkdir -p "$LOG_DIRS"
  if ! run_tool kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$PROPS" >>"$OUT_FILE" 2>&1; then
    show_log_tail
    die "formatting Kafka storage failed"
  fi
}

# --------------------------------------------------------------------------------- topic helper
# One JVM waits until the broker answers metadata requests and then makes the topics match
# topics.json: missing ones created, partitions grown, existing ones otherwise left alone.
# Exit codes: 2 broker not ready in time, 3 broker process died, 4 bad topics file, 5 topic error.

helper_source() {
  cat <<'JAVA'
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.*;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.*;

public final class UbKafkaTopics {
  // retentionSetting: the environment variable that, when set, gives the topic's retention in hours (and is applied to an existing topic).
  record Spec(String name, Optional<Integer> partitions, Optional<Short> replicationFactor, Map<String, String> config, Optional<String> retentionSetting) {}

  static final class ExitException extends RuntimeException {
    final int code;
    ExitException(int code, String message) { super(message); this.code = code; }
  }

  static String topicsFile = "topics.json";

  public static void main(String[] args) throws Exception {
    try {
      topicsFile = args[1];
      run(args[0], new File(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]) * 1000L);
    } catch (ExitException e) {
      System.err.println("kafka: error: " + e.getMessage());
      System.exit(e.code);
    }
    System.exit(0);
  }

  static void run(String bootstrap, File file, long brokerPid, long timeoutMs) throws Exception {
    List<Spec> specs = parse(file);
    long deadline = System.currentTimeMillis() + timeoutMs;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ub-stack-topics");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    try (Admin admin = Admin.create(props)) {
      awaitBroker(admin, brokerPid, deadline);
      ensureTopics(admin, specs, deadline);
    }
  }

  static void awaitBroker(Admin admin, long brokerPid, long deadline) throws InterruptedException {
    Throwable last = null;
    while (true) {
      if (brokerPid > 0 && !ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)) {
        throw new ExitException(3, "the broker process (pid " + brokerPid + ") exited during startup");
      }
      try {
        if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty()) return;
      } catch (ExecutionException e) {
        last = e.getCause();
      }
      if (System.currentTimeMillis() > deadline) {
        throw new ExitException(2, "the broker did not answer metadata requests in time"
            + (last == null ? "" : " (last error: " + last + ")"));
      }
      Thread.sleep(250);
    }
  }

  static void ensureTopics(Admin admin, List<Spec> specs, long deadline) throws InterruptedException {
    while (true) {
      try {
        ensureOnce(admin, specs);
        return;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        boolean transientError = cause instanceof RetriableException
            || cause instanceof InvalidReplicationFactorException // broker not registered yet
            || cause instanceof BrokerNotAvailableException;
        if (!transientError || System.currentTimeMillis() > deadline) {
          throw new ExitException(5, "topic setup failed: " + cause);
        }
        Thread.sleep(500);
      }
    }
  }

  static void ensureOnce(Admin admin, List<Spec> specs) throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    int created = 0, grown = 0;

    List<NewTopic> missing = new ArrayList<>();
    for (Spec s : specs) {
      if (existing.contains(s.name())) continue;
      missing.add(new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.config()));
    }
    if (!missing.isEmpty()) {
      CreateTopicsResult result = admin.createTopics(missing);
      for (NewTopic t : missing) {
        try {
          result.values().get(t.name()).get();
          System.err.println("kafka: created topic " + t.name() + " (" + result.numPartitions(t.name()).get() + " partitions)");
          created++;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e; // created concurrently: fine
        }
      }
    }

    List<Spec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
    if (!present.isEmpty()) {
      Map<String, TopicDescription> described =
          admin.describeTopics(present.stream().map(Spec::name).toList()).allTopicNames().get();
      Map<String, NewPartitions> growth = new LinkedHashMap<>();
      for (Spec s : present) {
        int current = described.get(s.name()).partitions().size();
        int wanted = s.partitions().orElse(current);
        if (wanted > current) {
          growth.put(s.name(), NewPartitions.increaseTo(wanted));
          System.err.println("kafka: growing topic " + s.name() + " from " + current + " to " + wanted + " partitions");
        } else if (wanted < current) {
          System.err.println("kafka: warning: topic " + s.name() + " has " + current + " partitions, " + topicsFile + " says "
              + wanted + "; partitions cannot shrink, left as is");
        }
      }
      if (!growth.isEmpty()) {
        admin.createPartitions(growth).all().get();
        grown = growth.size();
      }

      // Config drift is reported, not applied: existing topics are left alone. Except the retention an
      // operator set by its variable (FLEET_TOPIC_RETENTION_HOURS): that is applied.
      Map<ConfigResource, Collection<AlterConfigOp>> retention = new LinkedHashMap<>();
      List<ConfigResource> resources = present.stream().filter(s -> !s.config().isEmpty())
          .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
      if (!resources.isEmpty()) {
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        for (Spec s : present) {
          Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
          if (actual == null) continue;
          s.config().forEach((key, value) -> {
            ConfigEntry entry = actual.get(key);
            String now = entry == null ? null : entry.value();
            if (!value.equals(now) && key.equals("retention.ms") && s.retentionSetting().isPresent()) {
              retention.put(new ConfigResource(ConfigResource.Type.TOPIC, s.name()),
                  List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
              System.err.println("kafka: topic " + s.name() + ": " + key + " " + now + " -> " + value + " (" + s.retentionSetting().get() + ")");
            } else if (!value.equals(now)) {
              System.err.println("kafka: warning: topic " + s.name() + " has " + key + "=" + now
                  + ", " + topicsFile + " says " + value + "; left unchanged");
            }
          });
        }
        if (!retention.isEmpty()) admin.incrementalAlterConfigs(retention).all().get();
      }
    }
    System.err.println("kafka: topics ready: " + specs.size() + " declared, " + created + " created, " + grown + " grown");
  }

  static List<Spec> parse(File file) {
    Set<String> allowedKeys = Set.of("name", "description", "partitions", "replicationFactor", "config", "retentionHoursSetting");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file);
    } catch (Exception e) {
      throw new ExitException(4, file + ": " + e.getMessage());
    }
    if (root == null || !root.isArray()) throw new ExitException(4, file + ": expected a JSON array of topics");
    List<Spec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode t : root) {
      String where = file.getName() + "[" + index++ + "]";
      if (!t.isObject()) throw new ExitException(4, where + ": expected an object");
      for (Map.Entry<String, JsonNode> field : t.properties()) {
        String key = field.getKey();
        if (!allowedKeys.contains(key)) throw new ExitException(4, where + ": unknown key '" + key + "' (allowed: " + allowedKeys + ")");
      }
      JsonNode name = t.get("name");
      if (name == null || !name.isTextual() || name.asText().isBlank()) throw new ExitException(4, where + ": 'name' must be a non-empty string");
      if (!names.add(name.asText())) throw new ExitException(4, where + ": duplicate topic " + name.asText());
      Optional<Integer> partitions = Optional.empty();
      if (t.has("partitions")) {
        JsonNode p = t.get("partitions");
        if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1) throw new ExitException(4, where + ": 'partitions' must be a positive integer");
        partitions = Optional.of(p.asInt());
      }
      Optional<Short> replicationFactor = Optional.empty();
      if (t.has("replicationFactor")) {
        JsonNode r = t.get("replicationFactor");
        if (!r.isIntegralNumber() || r.asInt() < 1 || r.asInt() > Short.MAX_VALUE) throw new ExitException(4, where + ": 'replicationFactor' must be a positive integer");
        replicationFactor = Optional.of((short) r.asInt());
      }
      Map<String, String> config = new LinkedHashMap<>();
      if (t.has("config")) {
        JsonNode c = t.get("config");
        if (!c.isObject()) throw new ExitException(4, where + ": 'config' must be an object of strings");
        for (Map.Entry<String, JsonNode> e : c.properties()) {
          if (!e.getValue().isValueNode() || e.getValue().isNull()) throw new ExitException(4, where + ": config '" + e.getKey() + "' must be a string");
          config.put(e.getKey(), e.getValue().asText());
        }
      }
      Optional<String> retentionSetting = Optional.empty();
      if (t.has("retentionHoursSetting")) {
        String variable = t.get("retentionHoursSetting").asText();
        String hours = System.getenv(variable);
        if (hours != null && !hours.isBlank()) {
          if (!hours.matches("[1-9][0-9]{0,5}")) throw new ExitException(4, variable + " must be a whole number of hours (got '" + hours + "')");
          config.put("retention.ms", String.valueOf(Long.parseLong(hours) * 3_600_000L));
          retentionSetting = Optional.of(variable);
        }
      }
      specs.add(new Spec(name.asText(), partitions, replicationFactor, config, retentionSetting));
    }
    return specs;
  }
}
JAVA
}

# Compiles the helper once per version of its source with javac; without javac (a JRE with the
# jdk.compiler module) the source launcher runs the .java file directly.
HELPER_CMD=()
prepare_helper() {
  local sum dir tmp
  sum=$({ helper_source; echo "$KAFKA_VERSION"; } | sha256sum | cut -c1-16)
  dir=$HELPER_ROOT/$sum
  mkdir -p "$HELPER_ROOT"
  if [[ ! -f $dir/UbKafkaTopics.class ]] && ! command -v "$JAVAC" >/dev/null 2>&1; then
    helper_source >"$HELPER_ROOT/$sum.java.$$"
    mv -f "$HELPER_ROOT/$sum.java.$$" "$HELPER_ROOT/$sum.java"
    HELPER_CMD=(-cp "$LIBS_DIR/*" "$HELPER_ROOT/$sum.java")
    return 0
  fi
  if [[ ! -f $dir/UbKafkaTopics.class ]]; then
    tmp=$(mktemp -d "$HELPER_ROOT/tmp.XXXXXX")
    helper_source >"$tmp/UbKafkaTopics.java"
    if ! "$JAVAC" -nowarn -d "$tmp" -cp "$LIBS_DIR/*" "$tmp/UbKafkaTopics.java" >"$tmp/javac.log" 2>&1; then
      cat "$tmp/javac.log" >&2
      rm -rf "$tmp"
      die "could not compile the topic helper"
    fi
    chmod 755 "$tmp"
    # mv -T refuses to replace a folder a concurrent caller has just put in place: keep theirs.
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
  fi
  HELPER_CMD=(-cp "$dir:$LIBS_DIR/*" UbKafkaTopics)
}

ensure_topics() {
  local pid=$1 rc=0
  [[ -f $TOPICS_FILE ]] || die "missing $TOPICS_FILE"
  prepare_helper
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$TOOLS_LOG4J" "${HELPER_CMD[@]}" \
    "127.0.0.1:$KAFKA_PORT" "$TOPICS_FILE" "$pid" "$KAFKA_START_TIMEOUT" || rc=$?
  return "$rc"
}

# ----------------------------------------------------------------------------------- commands

cmd_start() {
  local started=$SECONDS pid rc running_port
  check_java
  cmd_install
  resolve_data_dir
  take_lock "$KAFKA_DIR/kafka.sh.lock"

  if pid=$(broker_pid); then
    running_port=$(configured_port)
    if [[ -n $running_port && $running_port != "$KAFKA_PORT" ]]; then
      die "a broker for $KAFKA_DIR is already running (pid $pid) on port $running_port, not KAFKA_PORT=$KAFKA_PORT; stop it first"
    fi
    log "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT; checking topics"
    write_tools_log4j
    ensure_topics "$pid" || die "broker (pid $pid) is running but the topic check failed (log: $LOG_FILE)"
    return 0
  fi
  rm -f "$PID_FILE"

  if port_in_use "$KAFKA_PORT"; then
    port_owner "$KAFKA_PORT"
    die "port $KAFKA_PORT (KAFKA_PORT) is already in use by another process; stop it or set KAFKA_PORT to a free port"
  fi
  if port_in_use "$KAFKA_CONTROLLER_PORT"; then
    port_owner "$KAFKA_CONTROLLER_PORT"
    die "port $KAFKA_CONTROLLER_PORT (KAFKA_CONTROLLER_PORT) is already in use by another process; stop it or set KAFKA_CONTROLLER_PORT to a free port"
  fi

  render_configs
  format_storage_if_needed

  log "kafka: starting broker on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, data $KAFKA_DIR)"
  printf '\n==== %s starting Kafka %s ====\n' "$(date -u +%FT%TZ)" "$KAFKA_VERSION" >>"$OUT_FILE"
  # setsid: own session, so the broker outlives the calling shell and its process group. The inner
  # shell records its pid and closes every inherited descriptor above 2 (lock, callers' pipes)
  # before exec'ing java, so the pid file holds the JVM's pid and no caller waits on the broker.
  # shellcheck disable=SC2086,SC2016
  (
    cd "$KAFKA_DIR"
    exec setsid bash -c '
      echo $$ >"$1"; shift
      for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"; done
      exec "$@"' ub-kafka "$PID_FILE" \
      "$JAVA" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -XX:ErrorFile="$KAFKA_DIR/hs_err_pid%p.log" -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j2.configurationFile="$BROKER_LOG4J" $KAFKA_JVM_OPTS \
      -cp "$LIBS_DIR/*" kafka.Kafka "$PROPS"
  ) </dev/null >>"$OUT_FILE" 2>&1 &

  for _ in $(seq 50); do
    [[ -s $PID_FILE ]] && break
    sleep 0.1
  done
  [[ -s $PID_FILE ]] || { show_log_tail; die "the broker did not start (no pid file)"; }
  pid=$(<"$PID_FILE")

  rc=0
  ensure_topics "$pid" || rc=$?
  case $rc in
    0) log "kafka: ready on 127.0.0.1:$KAFKA_PORT (pid $pid, $((SECONDS - started)) s)" ;;
    2 | 3)
      show_log_tail
      if is_our_broker "$pid"; then # not ready in time: do not leave a half-started broker behind
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
          is_our_broker "$pid" || break
          sleep 0.1
        done
      fi
      rm -f "$PID_FILE"
      if [[ $rc == 3 ]]; then
        die "the broker exited during startup (log: $LOG_FILE, $OUT_FILE)"
      fi
      die "the broker did not become ready within ${KAFKA_START_TIMEOUT} s (KAFKA_START_TIMEOUT; log: $LOG_FILE, $OUT_FILE)"
      ;;
    *) die "the broker is running (pid $pid) but the topics in $TOPICS_FILE could not be set up" ;;
  esac
}

cmd_stop() {
  local pid
  resolve_data_dir
  take_lock "$KAFKA_DIR/kafka.sh.lock"
  if ! pid=$(broker_pid); then
    rm -f "$PID_FILE"
    log "kafka: not running ($KAFKA_DIR)"
    return 0
  fi
  log "kafka: stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((KAFKA_STOP_TIMEOUT * 10))); do
    is_our_broker "$pid" || break
    sleep 0.1
  done
  if is_our_broker "$pid"; then
    log "kafka: broker did not exit within ${KAFKA_STOP_TIMEOUT} s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      is_our_broker "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$PID_FILE"
  log "kafka: stopped"
}

cmd_status() {
  local pid
  resolve_data_dir
  if pid=$(broker_pid); then
    if port_in_use "$(configured_port)"; then
      log "kafka: running (pid $pid) on 127.0.0.1:$(configured_port), data $KAFKA_DIR"
    else
      log "kafka: running (pid $pid), not listening yet, data $KAFKA_DIR"
    fi
    return 0
  fi
  log "kafka: not running ($KAFKA_DIR)"
  return 3
}

# Kafka's own topic tool against this broker, e.g. `kafka.sh topics --list`.
cmd_topics() {
  check_java
  libs_complete || die "Kafka jars not installed; run: $0 install"
  resolve_data_dir
  write_tools_log4j
  run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" "$@"
}

usage() {
  log "usage: $0 install | start | stop | status | bootstrap | topics [kafka-topics options]"
  exit 2
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
  install) check_java; cmd_install; log "kafka: jars in $LIBS_DIR" ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  bootstrap) echo "127.0.0.1:$KAFKA_PORT" ;;
  topics) cmd_topics "$@" ;;
  *) usage ;;
esac
