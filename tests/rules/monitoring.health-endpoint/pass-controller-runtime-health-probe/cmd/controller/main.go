package main

import (
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"net/http"
)

func main() {
	mgr, _ := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{HealthProbeBindAddress: ":8081"})
	_ = mgr.AddHealthzCheck("healthz", healthz.Ping)
	_ = http.ListenAndServe(":8080", nil)
	_ = mgr.Start(ctrl.SetupSignalHandler())
}
