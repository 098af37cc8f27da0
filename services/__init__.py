"""Lambda handler code of the sample services shipped with the landing zone (no Pulumi code here)."""
