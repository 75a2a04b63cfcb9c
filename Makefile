# The two commands: `make run` and `make test`. Both set up whatever is missing first.
.PHONY: setup run test bench lint screenshots clean

setup:
	@bash tools/setup.sh

run: setup
	.venv/bin/reception

test: setup
	@bash tools/start-services.sh
	. .run/test-env.sh && QT_QPA_PLATFORM=offscreen .venv/bin/lint-imports --no-cache
	. .run/test-env.sh && .venv/bin/ruff check .
	. .run/test-env.sh && QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider

bench: setup
	@bash tools/start-services.sh
	. .run/test-env.sh && QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench

screenshots: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py

lint: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache

clean:
	rm -rf .run build *.egg-info
