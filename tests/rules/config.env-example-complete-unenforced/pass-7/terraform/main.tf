resource "vercel_project_environment_variable" "stripe" {
  key    = "STRIPE_SECRET_KEY"
  value  = var.stripe_secret_key
  target = ["production"]
}
