#!/bin/sh
# Makes a throwaway CA and server certificates in DIR for the http probe
# tests: valid (365 days), short (10 days), expired (2020), wrong host, an
# RSA key of 1024 bits, and an intermediate CA with a leaf of its own
# (chained.pem alone, chained-full.pem with the intermediate) and an OCSP
# response for that leaf (ocsp.der, for nginx to staple).
# `openssl ca` sets explicit start/end dates, so no clock tricks are needed.
set -eu
dir=$1
cd "$dir"
key() { echo "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"; }
openssl req -x509 $(key) -keyout ca.key -out ca.pem -days 30 \
  -subj "/CN=readycheck test CA" 2>/dev/null
: > index.txt
echo 1000 > serial
cacnf() { # file index serial certificate key
  cat > "$1" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $dir
database = $dir/$2
new_certs_dir = $dir
serial = $dir/$3
certificate = $dir/$4
private_key = $dir/$5
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[ any ]
commonName = supplied
CNF
}
cacnf ca.cnf index.txt serial ca.pem ca.key
cnf=ca.cnf
leaf() { # name host dates...
  name=$1 host=$2
  shift 2
  openssl req -new $(key) -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=$host" -addext "subjectAltName=$host_san" 2>/dev/null
  openssl ca -batch -notext -config $cnf -in "$name.csr" -out "$name.pem" \
    "$@" 2>/dev/null
}
host_san="DNS:localhost,IP:127.0.0.1"
leaf valid localhost -days 365
leaf short localhost -days 10
leaf expired localhost -startdate 20200101000000Z -enddate 20200201000000Z
host_san="DNS:wrong.example"
leaf wronghost wrong.example -days 365
host_san="DNS:localhost,IP:127.0.0.1"
key() { echo "-newkey rsa:1024 -nodes"; }
leaf weak localhost -days 365
key() { echo "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"; }
# The intermediate CA, signed by the root, and its own database.
openssl req -new $(key) -keyout inter.key -out inter.csr \
  -subj "/CN=readycheck test intermediate" \
  -addext "basicConstraints=critical,CA:true" \
  -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
openssl ca -batch -notext -config ca.cnf -in inter.csr -out inter.pem \
  -days 30 2>/dev/null
: > inter-index.txt
echo 2000 > inter-serial
cacnf inter.cnf inter-index.txt inter-serial inter.pem inter.key
cnf=inter.cnf
leaf chained localhost -days 365
cat chained.pem inter.pem > chained-full.pem
openssl ocsp -issuer inter.pem -cert chained.pem -no_nonce \
  -reqout ocsp-req.der 2>/dev/null
openssl ocsp -index inter-index.txt -rsigner inter.pem -rkey inter.key \
  -CA inter.pem -reqin ocsp-req.der -respout ocsp.der -ndays 2 \
  >/dev/null 2>&1
chmod 0644 ./*.pem ./*.key ./*.der
