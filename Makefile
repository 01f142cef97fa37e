.PHONY: serve test check
serve:
	python3 scripts/dev serve
test:
	python3 scripts/dev test
check:
	python3 scripts/dev check
