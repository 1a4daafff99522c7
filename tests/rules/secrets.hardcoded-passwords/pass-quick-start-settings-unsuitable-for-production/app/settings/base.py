import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Quick-start development settings - unsuitable for production
# See https://docs.djangoproject.com/en/stable/howto/deployment/checklist/

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "q7w-3k!9zr_xb2m0f@e_8vnt5j!6m0p^o*4#*d#lzp)"

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = True
