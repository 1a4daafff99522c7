import os

# Quick-start development settings - unsuitable for production
DEBUG = True

# Make this unique, and don't share it with anybody.
SECRET_KEY = "q7w-3k!9zr_xb2m0f@e_8vnt5j!6m0p^o*4#*d#lzp)"
