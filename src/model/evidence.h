/*
 * evidence.h - internal to src/model: the evidence passes over the production
 * views.
 */
#ifndef READYCHECK_MODEL_EVIDENCE_H
#define READYCHECK_MODEL_EVIDENCE_H

#include "build.h"

void find_deploy_evidence(struct build *b);

void mark_swarm_views(struct build *b);

#endif
