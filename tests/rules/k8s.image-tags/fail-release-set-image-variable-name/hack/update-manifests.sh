#!/bin/sh
set -e
(cd manifests/base && kustomize edit set image ${OTHER_IMAGE}:${IMAGE_TAG})
kustomize build manifests/base > manifests/install.yaml
