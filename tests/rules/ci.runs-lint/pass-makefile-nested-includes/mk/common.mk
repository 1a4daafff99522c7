include mk/version.mk
GO ?= go
