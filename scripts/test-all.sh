#!/usr/bin/env bash
# Every test layer, in the order a failure is cheapest to find: build, lint, unit, engine, real n8n,
# then n8n's editor in a real browser (Chromium; both n8n lines).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run lint
npx jest --selectProjects unit
npx jest --selectProjects workflows
e2e_started=$(date +%s)
npx jest --selectProjects e2e --runInBand
echo "== regular-mode e2e took $(( $(date +%s) - e2e_started ))s"
# n8n's queue mode (PostgreSQL, Redis, webhook processor, two workers): the queue-only proofs in
# test/e2e/queue/ (~10 min on 2 cores, topology start included). PostgreSQL and Redis come from
# Debian (.ci/run installs them); the harness starts its own servers. WABP_E2E_QUEUE=0 skips it.
if [ "${WABP_E2E_QUEUE:-1}" != "0" ]; then
	queue_started=$(date +%s)
	npx jest --selectProjects e2e-queue --runInBand
	echo "== queue-mode e2e took $(( $(date +%s) - queue_started ))s"
fi
npx jest --selectProjects browser --runInBand
