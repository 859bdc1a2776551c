#!/usr/bin/env bash
# Builds every DriftGuard image from this checkout with one command, and optionally pushes them:
#
#   deploy/docker/build-images.sh                          # driftguard/{job,ingest,cli,dashboard}:local
#   DRIFTGUARD_REGISTRY=registry.example.com/platform DRIFTGUARD_VERSION=0.1.0 \
#       deploy/docker/build-images.sh --push
#
# The same two variables name the images in docker-compose.yml; for Kubernetes the script prints the
# `kustomize edit set image` lines that point the manifests at what it built. CONTAINER_TOOL=podman
# works too. Each Dockerfile builds its own artefact inside the image build (no host Maven needed).
set -euo pipefail
cd "$(dirname "$0")/../.."

REGISTRY="${DRIFTGUARD_REGISTRY:-driftguard}"
VERSION="${DRIFTGUARD_VERSION:-local}"
TOOL="${CONTAINER_TOOL:-docker}"
FLINK_IMAGE="${FLINK_IMAGE:-flink:2.2.1-scala_2.12-java17}"
PUSH=false
[[ "${1:-}" == "--push" ]] && PUSH=true

command -v "$TOOL" > /dev/null || { echo "build-images.sh: $TOOL not found (set CONTAINER_TOOL)" >&2; exit 1; }

for component in job ingest cli dashboard; do
    image="$REGISTRY/$component:$VERSION"
    echo "build-images.sh: building $image"
    args=(build -f "deploy/docker/$component.Dockerfile" -t "$image")
    [[ "$component" == job ]] && args+=(--build-arg "FLINK_IMAGE=$FLINK_IMAGE")
    DOCKER_BUILDKIT=1 "$TOOL" "${args[@]}" .
    if $PUSH; then
        "$TOOL" push "$image"
    fi
done

cat <<MSG

Built $REGISTRY/{job,ingest,cli,dashboard}:$VERSION.
Compose uses them with DRIFTGUARD_REGISTRY=$REGISTRY DRIFTGUARD_VERSION=$VERSION (in .env).
Kubernetes: in your overlay (or deploy/kubernetes/base and the Flink variant you use), run
  kustomize edit set image driftguard/dashboard=$REGISTRY/dashboard:$VERSION \\
      driftguard/ingest=$REGISTRY/ingest:$VERSION driftguard/cli=$REGISTRY/cli:$VERSION \\
      driftguard/job=$REGISTRY/job:$VERSION
MSG
