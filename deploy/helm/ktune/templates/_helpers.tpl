{{/* Names and labels shared by every object. */}}
{{- define "ktune.name" -}}ktune{{- end -}}

{{- define "ktune.labels" -}}
app.kubernetes.io/part-of: ktune
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "ktune.selector" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "ktune.image" -}}
{{- $r := .root.Values.image -}}
{{- if $r.registry }}{{ $r.registry }}/{{ end }}{{ $r.repository }}/{{ .component }}:{{ $r.tag }}
{{- end -}}

{{/* Kafka connection settings every service reads: bootstrap servers, and security from values and secrets. */}}
{{- define "ktune.kafkaEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL" .Values.kafka.securityProtocol }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq .Values.kafka.sasl.mechanism "PLAIN") }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom: {secretKeyRef: {name: {{ required "kafka.sasl.existingSecret is required for SASL" .Values.kafka.sasl.existingSecret }}, key: username}}
- name: KAFKA_SASL_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .Values.kafka.sasl.existingSecret }}, key: password}}
# Kubernetes expands $(VAR) from the variables above, so the secret never appears in the manifest.
- name: KAFKA_SASL_JAAS_CONFIG
  value: '{{ $module }} required username="$(KAFKA_SASL_USERNAME)" password="$(KAFKA_SASL_PASSWORD)";'
{{- end }}
{{- if .Values.kafka.tls.existingSecret }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/ktune/kafka-tls/ca.crt
{{- end }}
{{- end -}}

{{/* The volume and mount for the Kafka CA, when TLS is configured. */}}
{{- define "ktune.kafkaTlsVolume" -}}
{{- if .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  secret: {secretName: {{ .Values.kafka.tls.existingSecret }}}
{{- end }}
{{- end -}}
{{- define "ktune.kafkaTlsMount" -}}
{{- if .Values.kafka.tls.existingSecret }}
- {name: kafka-tls, mountPath: /etc/ktune/kafka-tls, readOnly: true}
{{- end }}
{{- end -}}

{{/* Liveness and readiness from Quarkus SmallRye Health on the management port. */}}
{{- define "ktune.probes" -}}
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  initialDelaySeconds: 10
  periodSeconds: 10
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  initialDelaySeconds: 5
  periodSeconds: 5
{{- end -}}

{{- define "ktune.scrape" -}}
prometheus.io/scrape: "true"
prometheus.io/port: "8080"
prometheus.io/path: /q/metrics
{{- end -}}
