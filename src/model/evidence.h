/*
 * evidence.h - internal to src/model: the evidence passes over the production
 * views.
 */
#ifndef READYCHECK_MODEL_EVIDENCE_H
#define READYCHECK_MODEL_EVIDENCE_H

#include "build.h"

/* Each production view's positive evidence that it deploys, if any. */
void mb_find_deploy_evidence(struct build *b);

/* Views a `docker stack deploy -c` runs. */
void mb_mark_swarm_views(struct build *b);

#endif
