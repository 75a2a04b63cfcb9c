# The two commands: `make run` and `make test`. Both set up whatever is missing first.
.PHONY: setup run test bench lint screenshots clean lock package package-check

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

# Pinned dependencies with their hashes, from pyproject.toml (tests/packaging/test_lock.py checks they agree).
lock: setup
	.venv/bin/python -m uv pip compile pyproject.toml packaging/build-requirements.in --extra dev \
		--generate-hashes --universal --python-version 3.11 --custom-compile-command 'make lock' \
		-o requirements.lock -q

# The desk-PC package: dist/reception-room_<version>_amd64.deb (docs/install.md).
package: setup
	bash packaging/linux/build-deb.sh .venv/bin/python

# Installs the package on this machine, checks it from the installed files alone, removes it (CI).
package-check: package
	bash packaging/linux/check-deb.sh

clean:
	rm -rf .run build dist *.egg-info
