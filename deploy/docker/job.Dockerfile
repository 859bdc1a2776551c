# syntax=docker/dockerfile:1.7
# The Flink image with DriftGuard's job jar: job manager, task managers and the job-submit client
# of docker-compose.yml all run it, and the Flink Kubernetes Operator starts it in application mode
# (jarURI local:///opt/driftguard/driftguard-job.jar). Build from the repository root:
#   docker build -f deploy/docker/job.Dockerfile -t driftguard/job:local .
ARG FLINK_IMAGE=flink:2.2.1-scala_2.12-java17

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The Maven Wrapper fetches Maven; the cache mount keeps ~/.m2 between builds of all images.
RUN --mount=type=cache,target=/root/.m2,id=driftguard-m2 \
    ./mvnw -B -q -pl job -am package -DskipTests \
 && cp job/target/driftguard-job.jar /driftguard-job.jar

FROM ${FLINK_IMAGE}
USER root
# curl for health checks; the checkpoint and savepoint folders owned by flink, so that named volumes
# mounted there start out writable for the flink user (uid 9999).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /opt/driftguard /opt/flink/checkpoints /opt/flink/savepoints \
 && chown -R flink:flink /opt/driftguard /opt/flink/checkpoints /opt/flink/savepoints
COPY --from=build --chown=flink:flink /driftguard-job.jar /opt/driftguard/driftguard-job.jar
COPY --chown=flink:flink flink-conf/ /opt/driftguard/flink-conf/
COPY --chown=flink:flink deploy/docker/submit-job.sh /opt/driftguard/submit-job.sh
# The image's conf/ gets DriftGuard's config.yaml and logging; a mounted flink-conf/ (compose)
# is copied over it again at start, so editing flink-conf/ needs no rebuild.
RUN cp /opt/driftguard/flink-conf/* /opt/flink/conf/ && chown -R flink:flink /opt/flink/conf \
 && chmod 0755 /opt/driftguard/submit-job.sh
USER flink
