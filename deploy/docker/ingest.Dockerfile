# syntax=docker/dockerfile:1.7
# The ingest connectors (`aws-sqs`, `gcp-pubsub`, `azure-eventhubs`, `webhooks`): one image, the
# connector is the command. Every option has an environment variable (docs/sources.md).
#   docker build -f deploy/docker/ingest.Dockerfile -t driftguard/ingest:local .
#   docker run --env-file .env driftguard/ingest:local webhooks
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The ingest jar plus exactly the jars ingest/target/classpath.txt lists (its runtime dependencies, no test
# library): the classpath the smoke module starts every connector on. A directory in the list (a module
# that was not packaged) makes cp fail rather than ship half a classpath.
RUN --mount=type=cache,target=/root/.m2,id=driftguard-m2 \
    ./mvnw -B -q -pl ingest -am package -DskipTests \
 && mkdir -p /out/lib && cp ingest/target/driftguard-ingest-*.jar /out/driftguard-ingest.jar \
 && tr ':' '\n' < ingest/target/classpath.txt | xargs -I{} cp {} /out/lib/

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/driftguard driftguard \
 && mkdir -p /opt/driftguard /var/lib/driftguard && chown driftguard /var/lib/driftguard
COPY --from=build /out/ /opt/driftguard/
USER driftguard
WORKDIR /opt/driftguard
# webhooks: 8088; pull connectors: GET /metrics and /healthz on 9464.
EXPOSE 8088 9464
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Plain classpath (see ingest/pom.xml); logs at INFO (DRIFTGUARD_LOG_LEVEL / DRIFTGUARD_LIBRARY_LOG_LEVEL).
ENTRYPOINT ["java", "-Dlog4j2.configurationFile=classpath:driftguard-log4j2.xml", "-cp", "/opt/driftguard/driftguard-ingest.jar:/opt/driftguard/lib/*", "io.driftguard.ingest.IngestMain"]
CMD ["--help"]
