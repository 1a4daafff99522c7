name := "app"
scalaVersion := "2.13.14"
