#!/usr/bin/env bash
# Every test layer, in the order a failure is cheapest to find: build, lint, unit, engine, real n8n,
# then n8n's editor in a real browser (Chromium; both n8n lines).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run lint
npx jest --selectProjects unit
npx jest --selectProjects workflows
npx jest --selectProjects e2e --runInBand
npx jest --selectProjects browser --runInBand
