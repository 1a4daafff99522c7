{{- define "web.imageTag" -}}
{{- if .Values.image.tag -}}
{{- .Values.image.tag -}}
{{- else -}}
{{- print "v" .Chart.AppVersion -}}
{{- end -}}
{{- end -}}
