module example.com/op

go 1.22

require sigs.k8s.io/controller-runtime v0.19.0
