SRC_DIR=/src

all:
	docker run -v `pwd`:$(SRC_DIR):ro acme/ci:latest make -f $(SRC_DIR)/misc/ci/check.mk _check

_check:
	cmake -B build $(SRC_DIR) && make -C build all check
