{{- define "moni.labels" -}}
app.kubernetes.io/name: {{ .app }}
app.kubernetes.io/part-of: moni
app.kubernetes.io/instance: {{ .release }}
{{- end }}
