package server

func routes(e *Echo) {
	e.GET("/healthz", health)
}
