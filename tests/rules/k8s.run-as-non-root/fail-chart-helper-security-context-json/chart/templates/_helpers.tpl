{{/* The value at a dotted path of a map, as JSON. */}}
{{- define "helpers.getValue" -}}
  {{- $ctx := merge dict (index . 0) -}}
  {{- $path := index . 1 -}}
  {{- $parts := splitList "." $path -}}
  {{- $value := $ctx -}}
  {{- range $idx, $part := $parts -}}
    {{- if kindIs "map" $value -}}
      {{- $value = index $value $part -}}
    {{- else -}}
      {{- $value = "" -}}
      {{- $idx = sub (len $parts) 1 -}}
    {{- end -}}
  {{- end -}}
  {{- toJson $value -}}
{{- end -}}

{{/* Args: 0 values, 1 the default key, 2 the component's key. */}}
{{- define "helpers.securityContext" -}}
{{- $values := merge dict (index . 0) -}}
{{- $defaultKey := index . 1 -}}
{{- $key := index . 2 -}}
{{- $securityContext := dict -}}
{{- with $values }}
  {{- $securityContext = (merge
    $securityContext
    (include "helpers.getValue" (list $values $defaultKey) | fromJson)
    (include "helpers.getValue" (list $values $key) | fromJson)
  ) -}}
{{- end -}}
{{- with $securityContext -}}
{{- . | toYaml | nindent 2 -}}
{{- end -}}
{{- end -}}
