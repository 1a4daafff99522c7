var cfg={api_key:"ab12cd34ef56gh78"};
