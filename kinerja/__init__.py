"""kinerja: a workbench for evaluating ASN performance in Kecamatan Cakranegara."""
