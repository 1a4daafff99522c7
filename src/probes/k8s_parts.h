/*
 * k8s_parts.h - internal to src/probes: what the k8s probe's files share -
 * the options, a container's verdict, the run - and the functions they
 * call in each other, named kp_ (k8s probe). k8s.c holds the table entry,
 * options, the chart-template lookups, the resources and non_root
 * requirements and the check that walks the workloads; k8s_probes.c the
 * probes requirement (which containers serve traffic, what stands in for a
 * probe); k8s_pinned.c the pinned_image requirement (tags, and what writes
 * a tag at deploy time).
 */
#ifndef READYCHECK_PROBES_K8S_PARTS_H
#define READYCHECK_PROBES_K8S_PARTS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "readycheck/k8s.h"
#include "readycheck/probe.h"

enum { REQ_RESOURCES, REQ_PROBES, REQ_NON_ROOT, REQ_PINNED };

/* pinned_image's `shape`: every container; all but the project's own
 * image floating in a plain manifest; only that one (see kp_req_pinned) */
enum { SHAPE_ANY, SHAPE_FIRM, SHAPE_OWN_LATEST };

struct cfg {
  int require;
  int shape;
  struct rc_strlist exclude;
};

enum verdict { V_PASS, V_FAIL, V_UNKNOWN, V_SKIP };

struct judged {
  enum verdict v;
  struct rc_where at;
  const char *why;
  const char *label; /* "Deployment/api, container api" */
  /* failures of one cause share it: a chart's floating image is one
   * value of the chart, however many of its workloads run it */
  const char *cause;
  const char *workload; /* "Deployment/api" */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_arena *a;
  struct rc_check *out;
  size_t n_items, n_failed, n_unknown, n_one_shot, n_templates;
  size_t n_idle; /* containers skipped without a reason of their own: for
                    probes, those no Service sends traffic to */
  const char *first_fail, *first_unknown;
  const char *first_unset; /* a container whose image the installer sets */
  struct judged *items;
  size_t n_kept, cap_items;
};

struct judged kp_verdict(enum verdict v, struct rc_where at, const char *why);
bool kp_filled(const cJSON *v);
const char *kp_str_of(const cJSON *o, const char *key);
const char *kp_cname(const cJSON *c);
/* The chart template a workload is rendered from reads the key. */
bool kp_template_mentions(struct run *r, const struct rc_k8s_workload *w,
                          const char *key);
/* The named template (a .tpl helper) the workload's chart template includes
 * to write the key, or NULL. */
const char *kp_helper_writes(struct run *r, const struct rc_k8s_workload *w,
                             const char *key);

/* k8s_probes.c */

/* An SMTP stand-in that keeps mail for a developer to read (MailHog,
 * Mailpit): not a service of the deployment. */
bool kp_mail_catcher(const char *image);
/* The probes requirement for one container of a workload. */
struct judged kp_req_probes(struct run *r, const struct rc_k8s_workload *w,
                            const cJSON *c);

/* k8s_pinned.c */

/* The pinned_image requirement for one container of a workload. */
struct judged kp_req_pinned(struct run *r, const struct rc_k8s_workload *w,
                            const cJSON *c);

#endif
