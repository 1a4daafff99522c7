# Parses image URLs of the site.
# https://site.s3.ap-northeast-1.amazonaws.com/uploads/1.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIMO6YQGDXLXXJKQA%2F20221224%2Fap-northeast-1%2Fs3%2Faws4_request&X-Amz-Signature=abc
class SiteUrl
end
