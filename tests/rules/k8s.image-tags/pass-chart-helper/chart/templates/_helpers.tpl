{{- define "api.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "api.job" -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-{{ .job }}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: {{ .job }}
          image: "{{ .Values.image.repository }}:{{ coalesce (dig "jobs" .job "image" "tag" false .Values) .Values.image.tag .Chart.AppVersion }}"
{{- end }}

{{- define "api.componentImage" -}}
{{ .imageRoot.repository }}:{{ .imageRoot.tag | default .chart.AppVersion }}
{{- end }}
