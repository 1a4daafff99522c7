import configparser
import os

config = configparser.ConfigParser()
config.read(os.environ["CONFERENCE_CONFIG_FILE"])
