# Sourced by the other scripts: where the lab engine keeps its state and listens.
LAB=${LAB:-/tmp/ctr-lab}
export DOCKER_HOST=unix://$LAB/docker.sock
