all:
	docker run acme/ci:latest make -f /opt/ci/check.mk _check
