package incidentio

// Provider sends alerts to incident.io.
type Provider struct{ URL string }
