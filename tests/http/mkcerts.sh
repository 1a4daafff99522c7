#!/bin/sh
# Makes a throwaway CA and server certificates in DIR for the http probe
# tests: valid (365 days), short (10 days), expired (2020), wrong host.
# `openssl ca` sets explicit start/end dates, so no clock tricks are needed.
set -eu
dir=$1
cd "$dir"
key() { echo "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"; }
openssl req -x509 $(key) -keyout ca.key -out ca.pem -days 30 \
  -subj "/CN=readycheck test CA" 2>/dev/null
: > index.txt
echo 1000 > serial
cat > ca.cnf <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $dir
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[ any ]
commonName = supplied
CNF
leaf() { # name host dates...
  name=$1 host=$2
  shift 2
  openssl req -new $(key) -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=$host" -addext "subjectAltName=$host_san" 2>/dev/null
  openssl ca -batch -notext -config ca.cnf -in "$name.csr" -out "$name.pem" \
    "$@" 2>/dev/null
}
host_san="DNS:localhost,IP:127.0.0.1"
leaf valid localhost -days 365
leaf short localhost -days 10
leaf expired localhost -startdate 20200101000000Z -enddate 20200201000000Z
host_san="DNS:wrong.example"
leaf wronghost wrong.example -days 365
chmod 0644 ./*.pem ./*.key
