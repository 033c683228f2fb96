# The certmedic image: the controller by default, the CLI beside it. Built from the release archive,
# so build that first (deploy/README.md shows building, loading into kind and pushing):
#   mvn -B -ntp package -DskipTests -Prelease
#   docker build -t ghcr.io/certmedic/certmedic:0.1.0 .
# The image name is pom.xml's image.repository and the tag its version; ImageNameTest checks that
# this file, the Helm chart and the Kustomize base agree with them.
#
# The base is pinned to a Debian point release (glibc for the jlink runtime, bash for the
# launcher); add its digest when publishing (docker buildx imagetools inspect debian:12.8-slim).
FROM debian:12.8-slim

ARG VERSION=0.1.0

# The archive holds certmedic-VERSION/{bin,lib,runtime}: its own Java runtime, no JDK needed.
ADD dist/certmedic-${VERSION}-linux-amd64.tar.gz /opt/

# The class-data archive the launcher would make on first use is made here once, for this install
# path, so a pod with a read-only root filesystem starts with it.
ENV XDG_CACHE_HOME=/opt/certmedic-cache
RUN ln -s /opt/certmedic-${VERSION} /opt/certmedic \
 && ln -s /opt/certmedic/bin/certmedic /usr/local/bin/certmedic \
 && /opt/certmedic/bin/certmedic --version \
 && chmod -R a+rX /opt/certmedic-cache

# A numeric non-root user, as the Pod Security Standard `restricted` and runAsNonRoot check.
USER 65532:65532

# No HEALTHCHECK: Kubernetes probes /healthz and /readyz (deploy/).
ENTRYPOINT ["/opt/certmedic/bin/certmedic"]
CMD ["controller"]
