pipeline {
  agent any
  stages {
    stage('Test') {
      steps {
        sh 'go test ./...'
      }
    }
  }
}
