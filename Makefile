# Common tasks. `make test` and `make demo` run the scripts the CI and the README use.
.PHONY: test demo bench generate

NIANBAO ?= .venv/bin/nianbao

## run the whole test suite (the same command as .ci/run)
test:
	bash scripts/test.sh

## the main job on the bundled example reports (the same command as the README)
demo:
	bash scripts/demo.sh

## throughput per format over generated reports; figures also in bench-results.json
bench:
	bash scripts/setup.sh
	$(NIANBAO) bench --json bench-results.json

## a synthetic corpus with ground truth in build/generated/ (COUNT, SEED, DEFECTS may be set)
COUNT ?= 100
SEED ?= 0
DEFECTS ?= 0.3
generate:
	$(NIANBAO) generate --count $(COUNT) --seed $(SEED) --defects $(DEFECTS) build/generated/
