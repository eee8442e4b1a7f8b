# mfgxai — two commands: `make demo` (set up + run the demo engagements) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
APT_PACKAGES := chromium poppler-utils fonts-noto-cjk nodejs
# configurable-http-proxy, the hub's proxy, from npm (Debian's npm unless Node.js brought its own)
CHP_VERSION := 5.3.0

.PHONY: demo setup system-packages test benchmark clean-runs

demo: setup
	$(VENV)/bin/mfgxai demo

setup: system-packages $(VENV)/.installed

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install: $$missing (sudo apt-get install $$missing)"; exit 1; fi; \
	fi
	@command -v configurable-http-proxy >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	    npm install -g --silent configurable-http-proxy@$(CHP_VERSION); \
	  else echo "Please install: sudo npm install -g configurable-http-proxy@$(CHP_VERSION)"; exit 1; fi; }

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[scheduler,test,hub]'
	$(PY) -m ipykernel install --sys-prefix --name mfgxai --display-name "mfgxai (Python 3)"
	touch $@

test: setup
	$(PY) -m pytest -q

benchmark: setup
	$(PY) benchmarks/run_process.py

clean-runs:
	find engagements -path '*/runs' -type d -prune -exec rm -rf {} +
