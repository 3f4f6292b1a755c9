{{- define "moni.labels" -}}
app.kubernetes.io/name: {{ .app }}
app.kubernetes.io/part-of: moni
app.kubernetes.io/instance: {{ .release }}
{{- end }}

{{/* The labels of every pod of this release's apps (NetworkPolicies select them). */}}
{{- define "moni.releaseSelector" -}}
app.kubernetes.io/part-of: moni
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "moni.image" -}}
{{ printf "%s/%s:%s" .root.Values.image.registry .app .root.Values.image.tag | quote }}
{{- end }}

{{/* The name of a Secret of `secrets` (keys, gateway, database, nats, smtp). */}}
{{- define "moni.secretName" -}}
{{- $secret := index .root.Values.secrets .kind -}}
{{- if not $secret -}}{{- fail (printf "secrets.%s is not defined" .kind) -}}{{- end -}}
{{- $secret.name -}}
{{- end }}

{{/* natsUrl, or the bundled NATS cluster's Service (nats.enabled) at <release>-nats. */}}
{{- define "moni.natsUrl" -}}
{{- .Values.natsUrl | default (printf "nats://%s-nats:4222" .Release.Name) -}}
{{- end }}
