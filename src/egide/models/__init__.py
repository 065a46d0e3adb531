"""Verified model files: GGUF and safetensors only, recorded in a signed manifest."""
