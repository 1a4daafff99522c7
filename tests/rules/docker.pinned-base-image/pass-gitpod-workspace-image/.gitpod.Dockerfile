FROM gitpod/workspace-full
RUN sudo apt-get install -y php
