# syntax=docker/dockerfile:1.7
# The `driftguard` command on a plain classpath, for the commands that are not long-running
# connectors: `iac-sync` (compose service iac-sync, Kubernetes CronJob), and `replay`, `generate`,
# `evaluate` against mounted folders. (`demo` needs no image: it is the one-machine mode.)
#   docker build -f deploy/docker/cli.Dockerfile -t driftguard/cli:local .
#   docker run -v $PWD/iac:/iac:ro -e DRIFTGUARD_KAFKA_BOOTSTRAP=kafka:9092 driftguard/cli:local iac-sync --iac /iac
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# Exactly the launcher's classpath: cli/target/classes plus the jars cli/target/classpath.txt lists (the
# CLI's runtime dependencies, no test library; the smoke module starts every long-running command on it).
# A directory in the list (a module that was not packaged) makes cp fail rather than ship half a classpath.
RUN --mount=type=cache,target=/root/.m2,id=driftguard-m2 \
    ./mvnw -B -q -pl cli -am package -DskipTests \
 && mkdir -p /out/lib && cp -r cli/target/classes /out/classes \
 && tr ':' '\n' < cli/target/classpath.txt | xargs -I{} cp {} /out/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/driftguard driftguard && mkdir -p /opt/driftguard
COPY --from=build /out/ /opt/driftguard/
USER driftguard
WORKDIR /opt/driftguard
# The launcher's JDK options (Flink's serializers reflect into these packages) and logging (INFO; set
# DRIFTGUARD_LOG_LEVEL / DRIFTGUARD_LIBRARY_LOG_LEVEL to change it).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
ENTRYPOINT ["java", "-Dlog4j2.configurationFile=classpath:driftguard-log4j2.xml", "-cp", "/opt/driftguard/classes:/opt/driftguard/lib/*", "io.driftguard.cli.DriftGuard"]
CMD ["--help"]
