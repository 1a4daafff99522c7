#!/bin/sh
set -e
ORG="${ORG:-acme}"
if [ -n "${IMAGE_TAG}" ]; then
  (cd manifests/base && kustomize edit set image quay.io/${ORG}/controller:${IMAGE_TAG})
fi
kustomize build manifests/base > manifests/install.yaml
