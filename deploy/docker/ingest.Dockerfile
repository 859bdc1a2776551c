# syntax=docker/dockerfile:1.7
# The ingest connectors (`aws-sqs`, `gcp-pubsub`, `azure-eventhubs`, `webhooks`): one image, the
# connector is the command. Every option has an environment variable (docs/sources.md).
#   docker build -f deploy/docker/ingest.Dockerfile -t driftguard/ingest:local .
#   docker run --env-file .env driftguard/ingest:local webhooks
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2,id=driftguard-m2 \
    ./mvnw -B -q -pl ingest -am -Pcluster package -DskipTests \
 && mkdir -p /out && cp ingest/target/driftguard-ingest-connector.jar /out/ && cp -r ingest/target/lib /out/lib

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
# The jar's manifest lists lib/*.jar (plain classpath, see ingest/pom.xml profile `cluster`).
ENTRYPOINT ["java", "-jar", "/opt/driftguard/driftguard-ingest-connector.jar"]
CMD ["--help"]
