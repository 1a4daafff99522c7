{{/* A probe of the given Type, its method merged with its timings. */}}
{{- define "api.merge.probe" -}}
    {{- if and .Method .Probe .Type -}}
        {{- $probe := dict -}}
        {{- $probe = merge $probe .Method -}}
        {{- $probe = merge $probe .Probe -}}
        {{- if eq "liveness" .Type -}}
            {{ toYaml (dict "livenessProbe" $probe) }}
        {{- end -}}
    {{- end -}}
{{- end -}}

{{- define "api.name" -}}
{{ .Release.Name }}-api readinessProbe-free
{{- end -}}
