class _Model:
    def __init__(self, **fields):
        self.fields = fields


class V1Volume(_Model):
    pass


class V1ConfigMapVolumeSource(_Model):
    pass


class V1VolumeMount(_Model):
    pass
