package http

func routes(r Router) {
	r.GET("/system/liveness", liveness)
}
