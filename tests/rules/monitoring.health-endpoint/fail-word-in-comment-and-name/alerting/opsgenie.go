package alerting

// AliasPrefix names the alerts (default: gatus-healthcheck-)
type Provider struct{ AliasPrefix string }

func defaults(p *Provider) { p.AliasPrefix = "gatus-healthcheck-" }
