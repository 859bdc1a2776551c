# syntax=docker/dockerfile:1.7
# The Spring Boot dashboard. Configuration by environment (DRIFTGUARD_DB_URL, DRIFTGUARD_DB_USER,
# DRIFTGUARD_DB_PASSWORD, DRIFTGUARD_*_PASSWORD, GEMINI_API_KEY; docs/dashboard.md).
#   docker build -f deploy/docker/dashboard.Dockerfile -t driftguard/dashboard:local .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2,id=driftguard-m2 \
    ./mvnw -B -q -pl dashboard -am package -DskipTests \
 && cp dashboard/target/driftguard-dashboard.jar /driftguard-dashboard.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/driftguard driftguard && mkdir -p /opt/driftguard
COPY --from=build /driftguard-dashboard.jar /opt/driftguard/driftguard-dashboard.jar
USER driftguard
WORKDIR /opt/driftguard
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/driftguard/driftguard-dashboard.jar"]
